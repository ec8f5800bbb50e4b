//! Runnable sentc examples; see the `[[example]]` targets.
