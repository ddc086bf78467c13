//! Test helpers: TestEnv (temp HOME/config), sandbox startup.
