"""sentc: end-to-end encryption with user and group management (the uniffi bindings of the Rust
core). Everything is in the generated module (`sentc.native`), re-exported here."""
from .native.sentc_uniffi import *  # noqa: F401,F403
