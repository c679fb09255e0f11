"""Where numbers come from: schema, engine, reference agencies, import, export, demo data."""
