/** Throughput benchmark of one local epoch, FedMed versus bare DJL, and synthetic image data. */
package org.fedmed.learn.bench;
