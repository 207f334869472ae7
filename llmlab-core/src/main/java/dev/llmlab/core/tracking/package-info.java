/**
 * What the tracker is told and what it produces: {@link dev.llmlab.core.tracking.CallOptions} and
 * {@link dev.llmlab.core.tracking.TrackCost} describe a call; {@link dev.llmlab.core.tracking.TrackedEvent}
 * is the event it records; {@link dev.llmlab.core.tracking.TrackingSink} is where events go, with
 * three sinks built in: {@link dev.llmlab.core.tracking.SpendAggregate} (in memory, always present),
 * {@link dev.llmlab.core.tracking.JsonLinesSink} and {@link dev.llmlab.core.tracking.HttpSink};
 * {@link dev.llmlab.core.tracking.TrackerStats} and {@link dev.llmlab.core.tracking.SinkStats}
 * count what happened; {@link dev.llmlab.core.tracking.QueueFullPolicy} and
 * {@link dev.llmlab.core.tracking.FsyncPolicy} are settings.
 */
package dev.llmlab.core.tracking;
