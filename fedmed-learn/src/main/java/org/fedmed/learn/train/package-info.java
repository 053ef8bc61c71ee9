/** The local optimizer (SGD/Adam, weight decay, FedProx) and class weighting. */
package org.fedmed.learn.train;
