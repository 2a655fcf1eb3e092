"""The cause model: `model` is what the service loads and scores with (numpy only); `data`,
`training` and `evaluation` fit and judge it offline (`make train`, `make eval`) and are never
imported by the running service (a test holds this)."""
