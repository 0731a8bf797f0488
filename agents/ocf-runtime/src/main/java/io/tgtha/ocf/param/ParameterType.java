// SPDX-License-Identifier: GPL-2.0-or-later
package io.tgtha.ocf.param;

/** The content types the OCF 1.0 DTD allows for a parameter. */
public enum ParameterType {
    STRING("string"),
    INTEGER("integer"),
    BOOLEAN("boolean"),
    TIME("time");

    private final String xmlName;

    ParameterType(String xmlName) {
        this.xmlName = xmlName;
    }

    public String xmlName() {
        return xmlName;
    }
}
