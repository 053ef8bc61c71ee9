/** Explanations of a simulated study's final model: each site's Kernel SHAP on its own rows, and image saliency. */
package org.fedmed.sim.explain;
