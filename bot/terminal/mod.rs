//! The practice engine on stdin/stdout (`gesprekscoach practice`).
