package dev.testbed.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** A drift test's {@code max_change}: a percentage of the previous value or an absolute amount, and the change as it is shown. */
class DriftMaxChangeTest {

    @Test
    void aPercentageBoundsTheChangeRelativeToThePreviousValueInBothDirections() {
        Drift.MaxChange fivePercent = Drift.MaxChange.parse("5%");

        assertFalse(fivePercent.exceededBy(bd("1000"), bd("1050")), "exactly 5% passes");
        assertTrue(fivePercent.exceededBy(bd("1000"), bd("1050.01")));
        assertTrue(fivePercent.exceededBy(bd("1000"), bd("949.99")));
        assertFalse(fivePercent.exceededBy(bd("-1000"), bd("-1040")), "relative to the previous value's size");
        assertFalse(fivePercent.exceededBy(bd("0"), bd("0")));
        assertTrue(fivePercent.exceededBy(bd("0"), bd("0.01")), "any change from 0 is beyond every percentage");
        assertEquals("5%", fivePercent.toString());
        assertEquals("0.5%", Drift.MaxChange.parse(" .50 % ").toString());
    }

    @Test
    void anAmountBoundsTheAbsoluteChange() {
        Drift.MaxChange amount = Drift.MaxChange.parse(150);

        assertFalse(amount.exceededBy(bd("1000"), bd("1150")));
        assertTrue(amount.exceededBy(bd("1000"), bd("849")));
        assertFalse(Drift.MaxChange.parse("0").exceededBy(bd("2"), bd("2")));
        assertTrue(Drift.MaxChange.parse("0").exceededBy(bd("2"), bd("3")));
    }

    @Test
    void aValueThatAppearsOrDisappearsIsAlwaysBeyondTheBound() {
        Drift.MaxChange wide = Drift.MaxChange.parse("1000%");

        assertTrue(wide.exceededBy(null, bd("1")));
        assertTrue(wide.exceededBy(bd("1"), null));
        assertFalse(wide.exceededBy(null, null));
        assertEquals("was NULL", Drift.MaxChange.describe(null, bd("1")));
        assertEquals("became NULL", Drift.MaxChange.describe(bd("1"), null));
    }

    @Test
    void theChangeIsShownAbsoluteAndAsAPercentageOfThePreviousValue() {
        assertEquals("+100 (+10.00%)", Drift.MaxChange.describe(bd("1000.00"), bd("1100.000")));
        assertEquals("-2.5 (-25.00%)", Drift.MaxChange.describe(bd("10"), bd("7.5")));
        assertEquals("+3", Drift.MaxChange.describe(bd("0"), bd("3")), "no percentage of nothing");
    }

    @Test
    void anythingButAPercentageOrANumberIsRefusedNamingBothForms() {
        for (Object bad : new Object[] {null, "five percent", "-5%", "5%%", "1e3"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Drift.MaxChange.parse(bad), String.valueOf(bad));
            assertTrue(e.getMessage().startsWith("max_change must be a percentage of the previous value (e.g. 5%) or an absolute amount (e.g. 1000)"),
                    e.getMessage());
        }
    }

    private static BigDecimal bd(String value) {
        return new BigDecimal(value);
    }
}
