/** Gradient inversion: what the parameter gradient of one image gives away about the image. */
package org.fedmed.learn.inversion;
