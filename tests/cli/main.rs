//! End-to-end tests: the real `kdt` binary in a temp HOME against real servers on 127.0.0.1.

mod demo;
mod integration;
mod sandbox;
mod scan;
mod schedule;
mod support;
mod webhook;
