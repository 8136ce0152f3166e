package io.maskwatch.onvif;

import org.w3c.dom.Element;

/**
 * The one topic: {@code tns1:RuleEngine/MaskDetector/NoMask} (tns1 = {@value Soap#TNS1}), in the RuleEngine tree
 * where ONVIF devices put their analytics rules (CellMotionDetector/Motion, FieldDetector/ObjectsInside, ...). And
 * the topic filter of CreatePullPointSubscription: a TopicExpression (Concrete or ConcreteSet dialect) of
 * alternatives separated by {@code |}, each a concrete topic, a topic with {@code //.} (it and everything below), or
 * segments {@code *}; prefixes resolve through the element's namespace declarations.
 */
final class Topics {

    static final String TOPIC = "tns1:RuleEngine/MaskDetector/NoMask";
    static final String[] PATH = {"RuleEngine", "MaskDetector", "NoMask"};
    static final String CONCRETE_SET = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet";
    static final String CONCRETE = "http://docs.oasis-open.org/wsn/t-1/TopicExpression/Concrete";
    /** Rule, the Source item naming the rule that fired. */
    static final String RULE = "NoMask";

    private Topics() {
    }

    /** Whether the filter element lets the topic through; no filter or no TopicExpression does. */
    static boolean wanted(Element filter) {
        if (filter == null) {
            return true;
        }
        Element expr = Soap.child(filter, Soap.WSNT, "TopicExpression");
        if (expr == null) {
            return true; // only a MessageContent filter, which is not applied (see README)
        }
        for (String alternative : expr.getTextContent().split("\\|")) {
            if (matches(alternative.strip(), expr)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String expression, Element context) {
        boolean subtree = expression.endsWith("//.");
        if (subtree) {
            expression = expression.substring(0, expression.length() - 3);
        }
        String[] segments = expression.split("/");
        if (segments.length == 0 || segments.length > PATH.length || (!subtree && segments.length != PATH.length)) {
            return false;
        }
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            int colon = s.indexOf(':');
            if (colon >= 0) {
                String prefix = s.substring(0, colon);
                String ns = context.lookupNamespaceURI(prefix);
                if (ns == null ? !"tns1".equals(prefix) : !Soap.TNS1.equals(ns)) {
                    return false;
                }
                s = s.substring(colon + 1);
            } else if (i == 0) {
                return false; // the root topic needs its namespace
            }
            if (!s.equals("*") && !s.equals(PATH[i])) {
                return false;
            }
        }
        return true;
    }
}
