"""File exports for people (CSV, XLSX); free of database and HTTP code."""
