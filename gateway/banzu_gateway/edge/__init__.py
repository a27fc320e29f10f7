"""The edge: what the gateway does as the one public entry, apart from what it owns. Requests for a
service's resources pass through unchanged (`pass_through`, routed by `routes`), the OpenAPI
documents are merged (`openapi`), and a few answers are put together from several services
(`profile`)."""
