package dev.testbed.compile;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.el.TruthyTypeConverter;
import com.hubspot.jinjava.el.ext.AbstractCallableMethod;
import com.hubspot.jinjava.el.ext.ExtendedParser;
import java.util.Properties;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.tree.Bindings;
import jinjava.de.odysseus.el.tree.TreeBuilder;
import jinjava.de.odysseus.el.tree.impl.Builder;
import jinjava.de.odysseus.el.tree.impl.Parser;
import jinjava.de.odysseus.el.tree.impl.Scanner;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.de.odysseus.el.tree.impl.ast.AstParameters;
import jinjava.de.odysseus.el.tree.impl.ast.AstRightValue;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ExpressionFactory;

/**
 * Jinjava with a call Jinja (and so dbt) allows and Jinjava's expression parser does not: calling what a call returned, as
 * in {@code adapter.dispatch('datediff', 'dbt')(a, b, 'day')}. Without it every dbt package that dispatches fails to parse.
 * (Calling a macro held in a variable, {@code {% set m = adapter.dispatch('x') %}{{ m() }}}, is {@link TemplateContext}'s.)
 */
final class CallableValues extends Jinjava {

    private final ExpressionFactory expressions;

    CallableValues(JinjavaConfig config) {
        super(config);
        Properties properties = new Properties();
        // as Jinjava configures its own factory: no tree cache (Jinjava caches parsed templates itself)
        properties.setProperty("jinjava.javax.el.cacheSize", "0");
        this.expressions = new ExpressionFactoryImpl(properties, new TruthyTypeConverter()) {
            @Override
            protected TreeBuilder createTreeBuilder(Properties ignored, Builder.Feature... features) {
                return new CallingBuilder(features);
            }
        };
    }

    @Override
    public ExpressionFactory getExpressionFactory() {
        return expressions;
    }

    private static final class CallingBuilder extends ExtendedSyntaxBuilder {

        private static final long serialVersionUID = 1L;

        CallingBuilder(Builder.Feature... features) {
            super(features);
        }

        @Override
        protected Parser createParser(String expression) {
            return new CallingParser(this, expression);
        }
    }

    private static final class CallingParser extends ExtendedParser {

        CallingParser(Builder builder, String input) {
            super(builder, input);
        }

        @Override
        protected AstNode value() throws Scanner.ScanException, ParseException {
            AstNode value = super.value();
            while (getToken().getSymbol() == Scanner.Symbol.LPAREN) {
                value = new CallOfValue(value, params());
            }
            return value;
        }
    }

    /** {@code <value>(...)}: calls the value, which must be a macro. */
    private static final class CallOfValue extends AstRightValue {

        private final AstNode callee;
        private final AstParameters parameters;

        CallOfValue(AstNode callee, AstParameters parameters) {
            this.callee = callee;
            this.parameters = parameters;
        }

        @Override
        public Object eval(Bindings bindings, ELContext context) {
            Object value = callee.eval(bindings, context);
            if (value instanceof AbstractCallableMethod callable) {
                return callable.evaluate(parameters.eval(bindings, context));
            }
            throw new IllegalArgumentException("'" + callee + "' is " + (value == null ? "none" : "a " + value.getClass().getSimpleName())
                    + ", not a macro, so it cannot be called");
        }

        @Override
        public void appendStructure(StringBuilder builder, Bindings bindings) {
            callee.appendStructure(builder, bindings);
            parameters.appendStructure(builder, bindings);
        }

        @Override
        public String toString() {
            return callee + "(...)";
        }

        @Override
        public int getCardinality() {
            return 2;
        }

        @Override
        public AstNode getChild(int i) {
            return i == 0 ? callee : i == 1 ? parameters : null;
        }
    }
}
