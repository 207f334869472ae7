package dev.llmlab.core;

import dev.llmlab.core.tracking.CallOptions;
import dev.llmlab.core.tracking.TrackCost;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The invocation handler behind {@link LlmLab#wrap}: tracks methods annotated with {@link TrackCost}. */
final class TrackingProxy implements InvocationHandler {
    private static final CallOptions UNTRACKED = CallOptions.provider("untracked");

    private final LlmLab lab;
    private final Class<?> type;
    private final Object target;
    private final Map<Method, CallOptions> options = new ConcurrentHashMap<>();

    TrackingProxy(LlmLab lab, Class<?> type, Object target) {
        this.lab = lab;
        this.type = type;
        this.target = target;
        // Parse every annotation now, so a malformed one fails at wrap() time, not mid-call.
        for (Method m : type.getMethods()) {
            options.put(m, optionsFor(m));
        }
    }

    private CallOptions optionsFor(Method m) {
        TrackCost a = m.getAnnotation(TrackCost.class);
        if (a == null) {
            a = m.getDeclaringClass().getAnnotation(TrackCost.class);
        }
        if (a == null || m.getDeclaringClass() == Object.class) {
            return UNTRACKED;
        }
        CallOptions o = CallOptions.provider(a.provider().isEmpty() ? null : a.provider());
        if (!a.model().isEmpty()) {
            o = o.model(a.model());
        }
        for (String tag : a.tags()) {
            int eq = tag.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("@TrackCost on " + type.getName() + "." + m.getName()
                        + ": tag '" + tag + "' must be key=value");
            }
            o = o.tag(tag.substring(0, eq).trim(), tag.substring(eq + 1).trim());
        }
        if (!a.estimatedMaxCostUsd().isEmpty()) {
            try {
                o = o.estimatedMaxCostUsd(new BigDecimal(a.estimatedMaxCostUsd().trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("@TrackCost on " + type.getName() + "." + m.getName()
                        + ": estimatedMaxCostUsd '" + a.estimatedMaxCostUsd() + "' must be a decimal number", e);
            }
        }
        return o;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return "LlmLab-tracked " + target;
            }
        }
        CallOptions o = options.get(method);
        if (o == null || o == UNTRACKED) {
            return invokeTarget(method, args);
        }
        return lab.track(o, () -> invokeTarget(method, args));
    }

    private Object invokeTarget(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause(); // the implementation's own exception, unchanged
        }
    }
}
