package io.maskwatch.http;

import jakarta.servlet.Servlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real Jetty on a free loopback port with the servlet at the whiteboard patterns of {@link HttpComponent}. */
final class Jetty implements AutoCloseable {

    private final Server server = new Server();
    final String base;

    Jetty(Servlet servlet) throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder(servlet);
        // the patterns of HttpComponent's @HttpWhiteboardServletPattern (a class-retention annotation)
        for (String pattern : new String[] {"/api/*", "/metrics", "/console/*", ""}) {
            context.getServletHandler().addServletWithMapping(holder, pattern);
        }
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
