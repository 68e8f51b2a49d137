package org.custos.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.http.NotFoundException;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpSecurity;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Supplier;
import org.custos.app.http.ProblemException;
import org.custos.app.http.ProblemType;

/**
 * The server's routing builder: Helidon's, with the API's method conventions added for every route of every module.
 * <ul>
 * <li><b>HEAD wherever GET.</b> Helidon 4 routes {@code HEAD} only to routes registered for {@code HEAD} and does not
 * drop bodies written to a {@code HEAD} answer. Each route registered here therefore also accepts {@code HEAD} where it
 * accepts {@code GET}, and its handler then writes to a {@link HeadResponse}: same status and headers, no body.
 * Error handlers get the same treatment, so a {@code HEAD} that fails gets the problem's status and headers only.</li>
 * <li><b>405 for a wrong method.</b> {@link #fallback()}, registered after every real route, takes what no route took.
 * It asks each recorded route whether it would accept the request's path under each method; if any would, the answer
 * is 405 {@code method-not-allowed} with an {@code Allow} header listing those methods, else the 404 as before.</li>
 * </ul>
 * Why a wrapping builder rather than a table of paths: every registration, whatever module makes it and whichever
 * {@code get/post/route/any} overload it uses, ends in {@link #route(HttpRoute)}, so modules keep registering their
 * routes as they do and none can be forgotten. And the routes are asked with Helidon's own matching
 * ({@link HttpRoute#accepts}), so the 405 agrees with the router on every pattern ({@code {id}}, {@code {+path}}, ...)
 * without a second parser. Not covered: routes a module mounts through {@link #register(HttpService...)} or an
 * {@link HttpFeature}, which Helidon routes on its own builder (no module does either today).
 */
public final class RouteTable implements HttpRouting.Builder {
    /** The methods the API may serve, in the order {@code Allow} lists them. */
    private static final List<Method> METHODS = List.of(Method.GET, Method.HEAD, Method.POST, Method.PUT,
            Method.PATCH, Method.DELETE);

    private final HttpRouting.Builder delegate;
    private final List<HttpRoute> routes = new ArrayList<>();
    private final List<Operation> operations = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A method and the path pattern it was registered under, in Helidon's syntax ({@code /v1/videos/{id}}). */
    public record Operation(Method method, String pattern) {
    }

    public RouteTable(HttpRouting.Builder delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * The operations registered by method and path pattern, in registration order, for the API's description. Every
     * {@code get/post/put/patch/delete(path, handler)} registration is one; a route built by hand
     * ({@link #route(HttpRoute)}) is served but not listed, since Helidon does not expose its methods.
     */
    public List<Operation> operations() {
        return List.copyOf(operations);
    }

    @Override
    public HttpRouting.Builder route(Method method, String pathPattern, Handler handler) {
        operations.add(new Operation(method, pathPattern));
        return HttpRouting.Builder.super.route(method, pathPattern, handler);
    }

    @Override
    public HttpRouting.Builder route(HttpRoute route) {
        HttpRoute headAware = new HeadAware(route);
        routes.add(headAware);
        delegate.route(headAware);
        return this;
    }

    /**
     * Registers the catch-all that answers 405 (or 404) for what no route took; call it once, after every other
     * route.
     */
    public void fallback() {
        delegate.route(new Fallback(List.copyOf(routes)));
    }

    /** The methods some route serves on {@code prologue}'s path, in {@link #METHODS} order; empty if none. */
    static List<Method> allowed(List<HttpRoute> routes, HttpPrologue prologue, ServerRequestHeaders headers) {
        List<Method> allowed = new ArrayList<>();
        for (Method method : METHODS) {
            HttpPrologue asked = with(prologue, method);
            if (routes.stream().anyMatch(route -> route.accepts(asked, headers).accepted())) {
                allowed.add(method);
            }
        }
        return allowed;
    }

    private static HttpPrologue with(HttpPrologue prologue, Method method) {
        return HttpPrologue.create(prologue.rawProtocol(), prologue.protocol(), prologue.protocolVersion(), method,
                prologue.uriPath(), prologue.query(), prologue.fragment());
    }

    private static boolean isHead(ServerRequest request) {
        return request.prologue().method() == Method.HEAD;
    }

    private static ServerResponse forMethod(ServerRequest request, ServerResponse response) {
        return isHead(request) && !(response instanceof HeadResponse) ? new HeadResponse(response) : response;
    }

    /** A route that also takes {@code HEAD} where it takes {@code GET}, answering it without a body. */
    private record HeadAware(HttpRoute route) implements HttpRoute {
        @Override
        public PathMatchers.MatchResult accepts(HttpPrologue prologue) {
            PathMatchers.MatchResult result = route.accepts(prologue);
            return result.accepted() || prologue.method() != Method.HEAD ? result
                    : route.accepts(with(prologue, Method.GET));
        }

        @Override
        public PathMatchers.MatchResult accepts(HttpPrologue prologue, ServerRequestHeaders headers) {
            PathMatchers.MatchResult result = route.accepts(prologue, headers);
            return result.accepted() || prologue.method() != Method.HEAD ? result
                    : route.accepts(with(prologue, Method.GET), headers);
        }

        @Override
        public Handler handler() {
            Handler handler = route.handler();
            return (request, response) -> handler.handle(request, forMethod(request, response));
        }

        @Override
        public Optional<PathMatcher> pathMatcher() {
            return route.pathMatcher();
        }

        @Override
        public void beforeStart() {
            route.beforeStart();
        }

        @Override
        public void afterStart(WebServer webServer) {
            route.afterStart(webServer);
        }

        @Override
        public void afterStop() {
            route.afterStop();
        }
    }

    /** Takes every request no route took: 405 with {@code Allow} when the path is served under other methods. */
    private record Fallback(List<HttpRoute> routes) implements HttpRoute {
        @Override
        public PathMatchers.MatchResult accepts(HttpPrologue prologue) {
            return PathMatchers.any().match(prologue.uriPath());
        }

        @Override
        public Handler handler() {
            return this::handle;
        }

        private void handle(ServerRequest request, ServerResponse response) {
            List<Method> allowed = allowed(routes, request.prologue(), request.headers());
            if (allowed.isEmpty()) {
                throw new NotFoundException("Endpoint not found"); // what Helidon throws when no route matches
            }
            StringJoiner allow = new StringJoiner(", ");
            allowed.forEach(method -> allow.add(method.text()));
            response.header(HeaderNames.ALLOW, allow.toString());
            throw ProblemException.of(ProblemType.METHOD_NOT_ALLOWED,
                    "This resource serves " + allow + ", not " + request.prologue().method().text() + ".");
        }
    }

    // Everything else goes to Helidon's builder as it is.

    @Override
    public HttpRouting.Builder register(HttpService... services) {
        delegate.register(services);
        return this;
    }

    @Override
    public HttpRouting.Builder register(String path, HttpService... services) {
        delegate.register(path, services);
        return this;
    }

    @Override
    public HttpRouting.Builder addFilter(Filter filter) {
        delegate.addFilter(filter);
        return this;
    }

    @Override
    public HttpRouting.Builder addFeature(Supplier<? extends HttpFeature> feature) {
        delegate.addFeature(feature);
        return this;
    }

    @Override
    public <T extends Throwable> HttpRouting.Builder error(Class<T> exceptionClass, ErrorHandler<? super T> handler) {
        delegate.error(exceptionClass, (ErrorHandler<T>) (request, response, error) ->
                handler.handle(request, forMethod(request, response), error));
        return this;
    }

    @Override
    public HttpRouting.Builder maxReRouteCount(int maxReRouteCount) {
        delegate.maxReRouteCount(maxReRouteCount);
        return this;
    }

    @Override
    public HttpRouting.Builder security(HttpSecurity security) {
        delegate.security(security);
        return this;
    }

    @Override
    public HttpRouting.Builder copy() {
        return delegate.copy();
    }

    @Override
    public HttpRouting build() {
        return delegate.build();
    }
}
