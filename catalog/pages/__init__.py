"""Server-rendered pages (Jinja2) for students, staff and engineers, on the same services."""
