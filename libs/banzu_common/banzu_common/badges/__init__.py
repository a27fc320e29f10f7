"""Open Badges 3.0 verifiable credentials secured as JWTs (VC-JWT, EdDSA), as W3C and 1EdTech define
them: the issuer's keys and its did:web document, signing and reading a credential, the Bitstring
Status List, and badge images with a credential baked in. Formats only: which achievements a part
issues, to whom, and when a bit is set are the parts' own rules."""
