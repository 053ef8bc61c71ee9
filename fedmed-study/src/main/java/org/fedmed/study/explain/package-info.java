/** Explanations of a study's final model (simulated or deployed): each site's Kernel SHAP on its own rows, and image saliency. */
package org.fedmed.study.explain;
