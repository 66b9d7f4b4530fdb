package org.openedx.events.spring.boot.autoconfigure;

import java.util.Arrays;
import org.openedx.events.OnEvent;
import org.openedx.events.Receivers;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.util.ReflectionUtils;

/**
 * Connects the {@link OnEvent} methods of every bean as it is initialised, and disconnects them as
 * it is destroyed. The bean itself (a proxy, when Spring made one) is what is called, so a
 * {@code @Transactional} receiver runs in its transaction.
 */
final class OnEventBeanPostProcessor implements DestructionAwareBeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (hasReceivers(bean)) {
            Receivers.connect(bean);
        }
        return bean;
    }

    @Override
    public void postProcessBeforeDestruction(Object bean, String beanName) {
        Receivers.disconnect(bean);
    }

    @Override
    public boolean requiresDestruction(Object bean) {
        return hasReceivers(bean);
    }

    private static boolean hasReceivers(Object bean) {
        return Arrays.stream(ReflectionUtils.getUniqueDeclaredMethods(AopUtils.getTargetClass(bean)))
                .anyMatch(method -> method.isAnnotationPresent(OnEvent.class));
    }
}
