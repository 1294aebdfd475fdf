"""The benchmark behind ``make bench``: synthetic histories, the build against a server replay + pg_dump, timed."""
