/**
 * The app's side of the For You feed's boundary with the owner's algorithm: what the app hands over
 * ({@link org.custos.app.foryou.FactFeed}: every fact in the algorithm's pseudonyms, counted as service reads) and
 * what it asks ({@link org.custos.app.foryou.RankingPort}). The server's engine supervisor implements the port and
 * consumes the feed; the app never knows which engine, if any, answers, and serves its own honest popularity feed
 * whenever none does.
 */
package org.custos.app.foryou;
