"""The HTTP side of HQ: one router per concern (``devices``, ``store``, ``customers``,
``feed``, ``staging``, ``admin``), the error handlers, the request guard and the OpenAPI
document; :func:`hq_stub.app.create_app` puts them together."""
