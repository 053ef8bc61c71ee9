/** Bulk transfers between Java arrays ({@code ModelWeights}, data sets) and engine arrays. */
package org.fedmed.learn.bridge;
