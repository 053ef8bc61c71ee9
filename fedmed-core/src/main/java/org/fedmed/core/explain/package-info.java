/**
 * Model explanations without an ML engine: Kernel SHAP (Lundberg &amp; Lee 2017), permutation
 * importance (Breiman 2001; Fisher, Rudin &amp; Dominici 2019) and integrated gradients (Sundararajan,
 * Taly &amp; Yan 2017), each over a {@link org.fedmed.core.explain.Predictor} or a
 * {@link org.fedmed.core.explain.IntegratedGradients.Differentiable} the engine module supplies, and
 * the per-site release (clipped, optionally noisy) and aggregation of mean |SHAP| per feature.
 */
package org.fedmed.core.explain;
