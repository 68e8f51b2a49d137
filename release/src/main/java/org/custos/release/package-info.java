/**
 * The release gate: the owner's artifacts are submitted, reviewed by the custodian, rebuilt reproducibly, signed
 * and logged before the boundary admits them; the owner's algorithm runs confined.
 */
package org.custos.release;
