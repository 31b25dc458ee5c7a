"""Rules and queries. Each function takes a `Session`, raises `catalog.errors` exceptions,
`flush()`es but never commits (the request's unit of work does), and knows no HTTP."""
