package org.fedmed.core.training;

/** The model families FedMed trains. */
public enum ModelArchitecture {
    /** Multinomial logistic regression: one linear layer and softmax. */
    LOGISTIC_REGRESSION("logreg"),
    /** Fully connected network with ReLU hidden layers, for tabular data. */
    MLP("mlp"),
    /** Small convolutional network for 1×28×28 images. */
    CNN("cnn"),
    /** Small residual network for 1×28×28 images. */
    RESNET("resnet"),
    /** One-dimensional convolutional network for signals [channels, length], e.g. ECG heartbeats. */
    CNN1D("cnn1d"),
    /** Recurrent network (one LSTM layer) for signals [channels, length], read as a sequence of length steps. */
    LSTM("lstm"),
    /**
     * ROCKET (Dempster et al. 2020): one linear layer and softmax over the ROCKET features of a
     * one-channel signal, the proportion of positive values and the maximum of random convolutional kernels
     * drawn from the study's seed; the transform runs where the data are, the model sees [2·kernels] features.
     */
    ROCKET("rocket"),
    /**
     * Linear Cox proportional-hazards model for survival examples: one linear layer giving a risk score
     * (no class probabilities), trained with the negative log partial likelihood, Breslow's ties.
     */
    COX("cox");

    private final String id;

    ModelArchitecture(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static ModelArchitecture parse(String s) {
        for (ModelArchitecture a : values()) {
            if (a.id.equalsIgnoreCase(s.trim()) || a.name().equalsIgnoreCase(s.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown model '" + s + "' (expected logreg, mlp, cnn, resnet, cnn1d, lstm, rocket or cox)");
    }
}
