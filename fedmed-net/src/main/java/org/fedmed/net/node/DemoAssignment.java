package org.fedmed.net.node;

import org.fedmed.study.DataSplit;

/**
 * What a demo-data study's welcome tells a node: the study's split of the bundled dataset and the part
 * this site serves.
 *
 * @param split the study's split, or null from a coordinator that does not send it
 * @param shard the part's name, or null: the part named as the site
 */
public record DemoAssignment(DataSplit split, String shard) {
}
