/**
 * Prices and exact costs: a {@link dev.llmlab.core.pricing.PriceCatalog} of
 * {@link dev.llmlab.core.pricing.ModelPrice}s (each with dated
 * {@link dev.llmlab.core.pricing.PricePeriod}s of {@link dev.llmlab.core.pricing.Rates}, with
 * prompt-size {@link dev.llmlab.core.pricing.PriceTier}s), read from the provider jars' price
 * lists or a user's price file; a {@link dev.llmlab.core.pricing.CostCalculator} that prices a
 * {@code Usage} at an instant into a {@link dev.llmlab.core.pricing.CostResult}: a
 * {@link dev.llmlab.core.pricing.Cost} in exact {@code BigDecimal}, or explicitly unpriced with
 * the reason. {@link dev.llmlab.core.pricing.Amounts} formats amounts for people.
 */
package dev.llmlab.core.pricing;
