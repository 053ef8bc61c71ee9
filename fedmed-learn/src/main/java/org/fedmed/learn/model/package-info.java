/** DJL block builders for the FedMed model families (logistic regression, MLP, CNN, small ResNet). */
package org.fedmed.learn.model;
