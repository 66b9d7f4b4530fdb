package org.openedx.events.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.openedx.events.ProducerConfigurationException;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.InvalidSettingException;
import org.openedx.events.settings.ProductionMode;
import org.openedx.events.settings.Setting;
import org.openedx.events.settings.SettingDefinitions;
import org.openedx.events.settings.SettingType;
import org.openedx.events.settings.Settings;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * The event bus's {@link Settings} from Spring's {@link ConfigurableEnvironment}: each setting any
 * module declares is looked up under its upstream name ({@code EVENT_BUS_PRODUCER_CONFIG}, as Tutor
 * and Kubernetes set it) and its Spring property ({@code openedx.events.producer-config}, relaxed:
 * {@code OPENEDX_EVENTS_PRODUCER_CONFIG} works too), in the order of Spring's property sources, so an
 * environment variable wins over {@code application.yml} as everywhere in Spring. Within one source
 * the upstream name wins. A structured value is taken whole from the first source that sets it.
 */
final class SpringSettings {

    private SpringSettings() {
    }

    /** Every setting the modules on the class path declare. */
    static List<Setting<?>> declared() {
        List<Setting<?>> all = new ArrayList<>();
        for (SettingDefinitions definitions : ServiceLoader.load(SettingDefinitions.class,
                SpringSettings.class.getClassLoader())) {
            all.addAll(definitions.settings());
        }
        return all;
    }

    /**
     * The settings the environment gives, each checked against its declaration.
     *
     * @param onCommitByDefault whether {@code EVENT_BUS_PRODUCER_MODE} defaults to {@code on_commit}
     *                          (Spring manages the transactions) rather than {@code immediate}
     * @throws InvalidSettingException naming the property (and the setting) of the first wrong value, or
     *                                 of an invalid producer or consumer config
     */
    static Settings from(ConfigurableEnvironment environment, boolean onCommitByDefault) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> where = new LinkedHashMap<>();
        for (Setting<?> setting : declared()) {
            Found found = find(environment, setting);
            if (found == null) {
                continue;
            }
            try {
                setting.parse(found.value());
            } catch (InvalidSettingException e) {
                throw named(e, setting.name(), found.where());
            }
            values.put(setting.name(), found.value());
            where.put(setting.name(), found.where());
        }
        Settings settings = Settings.builder().putAll(values).build();
        if (onCommitByDefault && settings.raw(EventBusSettings.EVENT_BUS_PRODUCER_MODE.name()).isEmpty()) {
            settings = settings.toBuilder()
                    .put(EventBusSettings.EVENT_BUS_PRODUCER_MODE.name(), ProductionMode.ON_COMMIT.settingValue())
                    .build();
        }
        String producerConfig = EventBusSettings.EVENT_BUS_PRODUCER_CONFIG.name();
        try {
            EventBusSettings.from(settings);
        } catch (ProducerConfigurationException e) {
            throw new InvalidSettingException(where.getOrDefault(producerConfig, producerConfig), e.getMessage(), e);
        } catch (InvalidSettingException e) {
            throw where.containsKey(e.setting()) ? named(e, e.setting(), where.get(e.setting())) : e;
        }
        return settings;
    }

    /** The same problem, with the property it was found under named instead of the setting alone. */
    private static InvalidSettingException named(InvalidSettingException e, String setting, String where) {
        String prefix = "Invalid setting " + setting + ": ";
        String problem = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        return new InvalidSettingException(where, problem, e);
    }

    /** A value and the name it was found under, as the error messages show it. */
    private record Found(Object value, String where) {
    }

    private static Found find(ConfigurableEnvironment environment, Setting<?> setting) {
        String property = PropertyNames.of(setting.name());
        ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
        boolean structured = setting.type() == SettingType.STRUCTURED;
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
                continue;   // Spring's view of all the other sources, which are read one by one
            }
            Object upstream = source.getProperty(setting.name());
            if (upstream != null) {
                return new Found(upstream, setting.name());
            }
            ConfigurationPropertySource relaxed = ConfigurationPropertySource.from(source);
            if (relaxed == null) {
                continue;
            }
            ConfigurationProperty scalar = relaxed.getConfigurationProperty(name);
            if (scalar != null && scalar.getValue() != null) {
                return new Found(scalar.getValue(), property + " (" + setting.name() + ")");
            }
            if (structured && relaxed instanceof IterableConfigurationPropertySource iterable) {
                Map<String, Object> map = rebuild(iterable, name, StructuredProperty.of(setting.name()));
                if (!map.isEmpty()) {
                    return new Found(map, property + " (" + setting.name() + ")");
                }
            }
        }
        return null;
    }

    private static Map<String, Object> rebuild(IterableConfigurationPropertySource source, ConfigurationPropertyName root,
                                               StructuredProperty shape) {
        Map<String, Object> map = new LinkedHashMap<>();
        source.stream().filter(root::isAncestorOf).forEach(child -> {
            List<String> path = new ArrayList<>();
            for (int i = root.getNumberOfElements(); i < child.getNumberOfElements(); i++) {
                path.add(child.getElement(i, ConfigurationPropertyName.Form.ORIGINAL));
            }
            ConfigurationProperty property = source.getConfigurationProperty(child);
            if (property != null) {
                shape.put(map, path, property.getValue());
            }
        });
        return map;
    }
}
