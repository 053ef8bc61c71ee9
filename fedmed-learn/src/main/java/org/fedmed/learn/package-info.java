/**
 * Local training for FedMed on DJL with the PyTorch engine.
 *
 * <p>{@link org.fedmed.learn.DjlTrainer} implements {@link org.fedmed.core.training.LocalTrainer}:
 * one DJL model per trainer, weights loaded and extracted per call through
 * {@link org.fedmed.learn.bridge.WeightBridge}, blocks built by
 * {@link org.fedmed.learn.model.ModelFactory}, optimizer and FedProx term in
 * {@link org.fedmed.learn.train.ParameterUpdater}. The local-epoch benchmark in fedmed-bench compares
 * a local epoch through the trainer with a bare DJL loop.
 */
package org.fedmed.learn;
