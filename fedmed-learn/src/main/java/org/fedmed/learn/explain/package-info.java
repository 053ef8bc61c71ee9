/** The engine's side of explanations: input gradients of a DJL model for integrated gradients. */
package org.fedmed.learn.explain;
