/**
 * The custodian's contract with the owner's recommendation algorithm.
 */
package org.custos.recsys.api;
