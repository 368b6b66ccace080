"""The conformance suite's marker."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "conformance: property-based checks of the service against its OpenAPI "
                   "document (Schemathesis)")
