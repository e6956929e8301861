//! Data for development and demonstration, never part of the platform's operations: the demo
//! content `serve --demo` puts on an empty database, and the `city` data set (`redacta seed`)
//! that benchmarks, load tests and the city walkthrough run on.

pub mod demo;
pub mod seed;
