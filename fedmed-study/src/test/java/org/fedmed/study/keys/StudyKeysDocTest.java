package org.fedmed.study.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** README.md and docs/DEPLOYMENT.md show the study keys exactly as {@link StudyKeys} defines them. */
class StudyKeysDocTest {

    @ParameterizedTest
    @ValueSource(strings = {"../README.md", "../docs/DEPLOYMENT.md"})
    void theDocumentsTableIsTheCodesTable(String document) throws IOException {
        String text = Files.readString(Path.of(document));
        int begin = text.indexOf(StudyKeysDoc.BEGIN);
        int end = text.indexOf(StudyKeysDoc.END);
        assertTrue(begin >= 0 && end > begin, document + " must hold the study-key table between '" + StudyKeysDoc.BEGIN
                + "' and '" + StudyKeysDoc.END + "'");
        String shown = text.substring(begin + StudyKeysDoc.BEGIN.length(), end).strip();
        assertEquals(StudyKeysDoc.markdownTable().strip(), shown, document + ": paste the table above between the markers");
    }
}
