"""The pages people use: server-rendered over the same services as the API."""
