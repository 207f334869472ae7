/**
 * The account's entities (users, API keys, budgets, provider keys) and their Micronaut Data JDBC
 * repositories, for plain CRUD only: one row of one table by key. Statements over many rows,
 * aggregates and transactions that lock or check across rows are written with Jdbi (see
 * {@link dev.llmlab.server.db}). {@link dev.llmlab.server.account.Fields} holds the checks shared by
 * the request records of these resources.
 */
package dev.llmlab.server.account;
