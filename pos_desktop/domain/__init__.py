"""Pure customer rules: no Qt, no SQL, no HTTP."""
