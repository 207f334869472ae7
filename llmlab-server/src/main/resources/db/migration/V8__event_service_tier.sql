-- The service tier an event was billed at (standard, batch, flex, priority) and the inference
-- geography its provider reported (Anthropic's "us"): both change the rates, so both are kept for
-- re-pricing and summaries. Existing events were all priced at the standard tier. A constant
-- default makes adding the column a catalog change, with no rewrite of the table.
ALTER TABLE events
    ADD COLUMN service_tier text NOT NULL DEFAULT 'standard'
        CONSTRAINT events_service_tier_known CHECK (service_tier IN ('standard', 'batch', 'flex', 'priority')),
    ADD COLUMN inference_geo text;
