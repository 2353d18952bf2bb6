package io.panzoto.diary.integrations;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Graph API calls with SmallRye Fault Tolerance's retry: Graph failing (5xx), throttling (codes 4, 17,
 * 32, 613) or not answering is tried again after exponentially growing, jittered waits (1 s doubling to
 * 2 min, 8 tries, within 15 min; tests shorten them in configuration). A refusal (a bad token, a
 * missing permission) is not retried. {@code attempts} counts every call made, for the job's figures.
 */
@ApplicationScoped
public class GraphCalls {
    private final GraphContent graph;

    public GraphCalls(@RestClient GraphContent graph) {
        this.graph = graph;
    }

    @Retry(maxRetries = 8, delay = 1000, jitter = 250, maxDuration = 900_000,
            retryOn = {GraphException.Retryable.class, ProcessingException.class})
    @ExponentialBackoff(maxDelay = 120_000)
    public Uni<RestResponse<GraphContent.PostsPage>> posts(String token, int limit, Long since, String after, AtomicInteger attempts) {
        attempts.incrementAndGet();
        return graph.posts(GraphContent.POST_FIELDS, limit, since, after, token);
    }

    @Retry(maxRetries = 4, delay = 500, jitter = 100, retryOn = {GraphException.Retryable.class, ProcessingException.class})
    @ExponentialBackoff(maxDelay = 10_000)
    public Uni<GraphContent.PagesList> pages(String token) {
        return graph.pages("id,name,access_token", token);
    }

    /** Not retried: a post that reached Graph but whose answer was lost would be posted twice. */
    public Uni<GraphContent.Created> publish(String pageId, String message, String pageToken) {
        return graph.publish(pageId, message, pageToken);
    }
}
