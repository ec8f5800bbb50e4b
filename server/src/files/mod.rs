//! Files (issue 12): where their encrypted parts are stored. The routes come next.

pub mod storage;
