#include "scenario/units.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

namespace wm {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// Quoted and shortened for messages; control bytes shown as '?'.
std::string quote(std::string_view s)
{
    std::string out = "'";
    const std::size_t n = std::min<std::size_t>(s.size(), 40);
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
    }
    if (n < s.size())
        out += "...";
    return out + "'";
}

template <class T> std::optional<T> fail(std::string *error, std::string msg)
{
    if (error)
        *error = std::move(msg);
    return std::nullopt;
}

// Splits "12.5ms" / "12.5 ms" into the number and the unit.
void splitNumberUnit(std::string_view text, std::string_view &number, std::string_view &unit)
{
    std::size_t i = 0;
    auto isNumChar = [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-' || c == 'e' || c == 'E';
    };
    while (i < text.size() && isNumChar(text[i])) {
        // 'e' only belongs to the number when followed by a digit or sign (so "1e3s"
        // is 1000 s but "1ms" is not mistaken for an exponent).
        if ((text[i] == 'e' || text[i] == 'E')
            && !(i + 1 < text.size()
                && (std::isdigit(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '+' || text[i + 1] == '-')))
            break;
        ++i;
    }
    number = text.substr(0, i);
    unit = trim(text.substr(i));
}

struct Decimal {
    bool negative = false;
    std::string digits; // significant digits, no leading/trailing zeros; empty = 0
    long exp = 0; // value = digits * 10^exp
};

std::optional<Decimal> parseDecimal(std::string_view s)
{
    Decimal d;
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        d.negative = s[i] == '-';
        ++i;
    }
    bool anyDigit = false, dot = false;
    long fracDigits = 0;
    std::string digits;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (std::isdigit(static_cast<unsigned char>(c))) {
            anyDigit = true;
            if (!(digits.empty() && c == '0')) // leading zeros only move the exponent
                digits += c;
            if (dot)
                ++fracDigits;
            if (digits.size() > 64)
                return std::nullopt;
        } else if (c == '.' && !dot) {
            dot = true;
        } else {
            break;
        }
    }
    if (!anyDigit)
        return std::nullopt;
    long exp = 0;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        bool eneg = false;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
            eneg = s[i] == '-';
            ++i;
        }
        if (i >= s.size())
            return std::nullopt;
        for (; i < s.size(); ++i) {
            if (!std::isdigit(static_cast<unsigned char>(s[i])))
                return std::nullopt;
            exp = exp * 10 + (s[i] - '0');
            if (exp > 100000)
                exp = 100000; // saturate; the result check rejects it
        }
        if (eneg)
            exp = -exp;
    }
    if (i != s.size())
        return std::nullopt;
    d.exp = exp - fracDigits;
    while (!digits.empty() && digits.back() == '0') {
        digits.pop_back();
        ++d.exp;
    }
    d.digits = std::move(digits);
    return d;
}

enum class ScaleError { None, TooLarge, NotWhole };

// digits * 10^exp * multiplier as an exact integer <= limit.
__extension__ typedef unsigned __int128 u128; // GCC/Clang; __extension__: no -Wpedantic warning

ScaleError scaleExact(const Decimal &d, std::uint64_t multiplier, std::uint64_t limit, std::uint64_t &out)
{
    if (d.digits.empty()) {
        out = 0;
        return ScaleError::None;
    }
    // In 128 bits: "1.0000000000000000001s" has 20 significant digits and is
    // not too large, only not whole (digits has no trailing zeros).
    if (d.digits.size() > 38) {
        const long integerDigits = static_cast<long>(d.digits.size()) + d.exp;
        return integerDigits > 20 ? ScaleError::TooLarge : ScaleError::NotWhole;
    }
    u128 n = 0;
    for (char c : d.digits)
        n = n * 10 + static_cast<unsigned>(c - '0');
    if (__builtin_mul_overflow(n, static_cast<u128>(multiplier), &n))
        return ScaleError::TooLarge;
    if (d.exp >= 0) {
        for (long k = 0; k < d.exp; ++k)
            if (n > limit || __builtin_mul_overflow(n, static_cast<u128>(10), &n))
                return ScaleError::TooLarge;
    } else {
        for (long k = 0; k < -d.exp; ++k) {
            if (n % 10 != 0)
                return ScaleError::NotWhole;
            n /= 10;
        }
    }
    if (n > limit)
        return ScaleError::TooLarge;
    out = static_cast<std::uint64_t>(n);
    return ScaleError::None;
}

std::optional<double> parseDouble(std::string_view s)
{
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    if (s.empty())
        return std::nullopt;
    // Only plain decimal notation: no "nan", "inf", "0x", "infinity".
    for (char c : s)
        if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))
            return std::nullopt;
    double v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
    if (p != s.data() + s.size())
        return std::nullopt;
    if (ec == std::errc::result_out_of_range) {
        // Overflow gives an error; underflow to a tiny value is harmless but we
        // cannot tell them apart portably, so reject both.
        return std::nullopt;
    }
    if (ec != std::errc())
        return std::nullopt;
    return v;
}

bool looksNonFinite(std::string_view s)
{
    std::string l;
    for (char c : s)
        l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return l.find("nan") != std::string::npos || l.find("inf") != std::string::npos;
}

} // namespace

std::optional<usec_t> parseDuration(std::string_view text, std::string *error)
{
    const std::string_view t = trim(text);
    std::string_view num, unit;
    splitNumberUnit(t, num, unit);
    if (looksNonFinite(t))
        return fail<usec_t>(error, "a duration must be finite, got " + quote(t));
    const auto dec = parseDecimal(num);
    if (!dec)
        return fail<usec_t>(error, "expected a duration such as 250ms, 10s or 2min, got " + quote(t));
    if (dec->negative && !dec->digits.empty())
        return fail<usec_t>(error, "a duration must not be negative, got " + quote(t));
    std::uint64_t mult = 0;
    if (unit.empty()) {
        if (!dec->digits.empty())
            return fail<usec_t>(error, "missing unit in duration " + quote(t) + " (write e.g. 250ms, 10s, 100us)");
        mult = 1;
    } else if (unit == "us" || unit == "\xC2\xB5s") {
        mult = 1;
    } else if (unit == "ms") {
        mult = 1000;
    } else if (unit == "s") {
        mult = 1000000;
    } else if (unit == "min") {
        mult = 60000000;
    } else if (unit == "h") {
        mult = 3600000000ULL;
    } else if (unit == "d") {
        mult = 86400000000ULL;
    } else {
        return fail<usec_t>(error, "unknown duration unit " + quote(unit) + " (use us, ms, s, min, h or d)");
    }
    std::uint64_t v = 0;
    switch (scaleExact(*dec, mult, static_cast<std::uint64_t>(std::numeric_limits<usec_t>::max()), v)) {
    case ScaleError::TooLarge:
        return fail<usec_t>(error, "duration " + quote(t) + " is too large");
    case ScaleError::NotWhole:
        return fail<usec_t>(error, "duration " + quote(t) + " is not a whole number of microseconds");
    case ScaleError::None:
        break;
    }
    return static_cast<usec_t>(v);
}

std::optional<double> parseDurationUs(std::string_view text, std::string *error)
{
    std::string_view t = trim(text);
    const std::string_view full = t;
    if (t.size() > 5 && t.substr(t.size() - 5) == "/page")
        t = trim(t.substr(0, t.size() - 5));
    std::string_view num, unit;
    splitNumberUnit(t, num, unit);
    if (looksNonFinite(full))
        return fail<double>(error, "a duration must be finite, got " + quote(full));
    const auto v = parseDouble(num);
    if (!v)
        return fail<double>(error, "expected a duration such as 2us or 500ns, got " + quote(full));
    if (*v < 0)
        return fail<double>(error, "a duration must not be negative, got " + quote(full));
    double mult = 0;
    if (unit.empty()) {
        if (*v != 0)
            return fail<double>(error, "missing unit in duration " + quote(full) + " (write e.g. 2us or 500ns)");
        mult = 1;
    } else if (unit == "ns") {
        mult = 1e-3;
    } else if (unit == "us" || unit == "\xC2\xB5s") {
        mult = 1;
    } else if (unit == "ms") {
        mult = 1e3;
    } else if (unit == "s") {
        mult = 1e6;
    } else {
        return fail<double>(error, "unknown duration unit " + quote(unit) + " (use ns, us, ms or s)");
    }
    const double r = *v * mult;
    if (!std::isfinite(r))
        return fail<double>(error, "duration " + quote(full) + " is too large");
    return r;
}

std::optional<pages_t> parsePages(std::string_view text, std::string *error)
{
    const std::string_view t = trim(text);
    std::string_view num, unit;
    splitNumberUnit(t, num, unit);
    if (looksNonFinite(t))
        return fail<pages_t>(error, "a size must be finite, got " + quote(t));
    const auto dec = parseDecimal(num);
    if (!dec)
        return fail<pages_t>(error, "expected a size such as 64MiB or 1000 pages, got " + quote(t));
    if (dec->negative && !dec->digits.empty())
        return fail<pages_t>(error, "a size must not be negative, got " + quote(t));
    // Units are explicit: is "64" 64 pages, 64 kB (as min_free_kbytes) or 64 MiB?
    // Only zero means the same in every unit.
    if (unit.empty() && !dec->digits.empty())
        return fail<pages_t>(
            error, "missing unit in " + quote(t) + ": write " + std::string(t) + " pages or " + std::string(t) + "MiB");
    std::uint64_t bytesPerUnit = 0; // 0 = unit is pages
    if (unit.empty() || iequals(unit, "pages") || iequals(unit, "page")) {
        bytesPerUnit = 0;
    } else if (iequals(unit, "B")) {
        bytesPerUnit = 1;
    } else if (iequals(unit, "KiB")) {
        bytesPerUnit = 1ULL << 10;
    } else if (iequals(unit, "MiB")) {
        bytesPerUnit = 1ULL << 20;
    } else if (iequals(unit, "GiB")) {
        bytesPerUnit = 1ULL << 30;
    } else if (iequals(unit, "TiB")) {
        bytesPerUnit = 1ULL << 40;
    } else {
        return fail<pages_t>(error, "unknown size unit " + quote(unit) + " (use pages, B, KiB, MiB, GiB or TiB)");
    }
    const std::uint64_t maxPages = static_cast<std::uint64_t>(kMaxPages);
    std::uint64_t v = 0;
    if (bytesPerUnit == 0) {
        switch (scaleExact(*dec, 1, maxPages, v)) {
        case ScaleError::TooLarge:
            return fail<pages_t>(error, "size " + quote(t) + " is too large (limit 2^50 pages)");
        case ScaleError::NotWhole:
            return fail<pages_t>(error, "size " + quote(t) + " is not a whole number of pages");
        case ScaleError::None:
            break;
        }
        return static_cast<pages_t>(v);
    }
    switch (scaleExact(*dec, bytesPerUnit, maxPages << kPageShift, v)) {
    case ScaleError::TooLarge:
        return fail<pages_t>(error, "size " + quote(t) + " is too large (limit 2^50 pages)");
    case ScaleError::NotWhole:
        return fail<pages_t>(error, "size " + quote(t) + " is not a whole number of bytes");
    case ScaleError::None:
        break;
    }
    if (v % (1ULL << kPageShift) != 0)
        return fail<pages_t>(error, "size " + quote(t) + " is not a whole number of 4 KiB pages");
    return static_cast<pages_t>(v >> kPageShift);
}

std::optional<double> parseRate(std::string_view text, std::string *error)
{
    const std::string_view t = trim(text);
    std::string_view num = t, unit;
    const auto slash = t.find('/');
    if (slash != std::string_view::npos) {
        num = trim(t.substr(0, slash));
        unit = trim(t.substr(slash + 1));
    }
    if (looksNonFinite(t))
        return fail<double>(error, "a rate must be finite, got " + quote(t));
    const auto v = parseDouble(num);
    if (!v)
        return fail<double>(error, "expected a rate such as 20000/s or 5/ms, got " + quote(t));
    if (*v < 0)
        return fail<double>(error, "a rate must not be negative, got " + quote(t));
    double mult = 1;
    if (slash == std::string_view::npos || unit == "s")
        mult = 1;
    else if (unit == "us")
        mult = 1e6;
    else if (unit == "ms")
        mult = 1e3;
    else if (unit == "min")
        mult = 1.0 / 60;
    else if (unit == "h")
        mult = 1.0 / 3600;
    else
        return fail<double>(error, "unknown rate unit '/" + std::string(unit.substr(0, 20)) + "' (use /us, /ms, /s, /min or /h)");
    const double r = *v * mult;
    if (!std::isfinite(r))
        return fail<double>(error, "rate " + quote(t) + " is too large");
    return r == 0 ? 0.0 : r; // no -0
}

std::optional<std::int64_t> parseInteger(std::string_view text, std::string *error)
{
    std::string_view t = trim(text);
    const std::string_view full = t;
    if (!t.empty() && t.front() == '+')
        t.remove_prefix(1);
    std::int64_t v = 0;
    const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v, 10);
    if (ec == std::errc::result_out_of_range)
        return fail<std::int64_t>(error, "integer " + quote(full) + " is too large for 64 bits");
    if (t.empty() || ec != std::errc() || p != t.data() + t.size())
        return fail<std::int64_t>(error, "expected an integer, got " + quote(full));
    return v;
}

std::optional<std::uint64_t> parseUnsigned(std::string_view text, std::string *error)
{
    std::string_view t = trim(text);
    const std::string_view full = t;
    if (!t.empty() && t.front() == '+')
        t.remove_prefix(1);
    if (!t.empty() && t.front() == '-')
        return fail<std::uint64_t>(error, "expected a non-negative integer, got " + quote(full));
    std::uint64_t v = 0;
    const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v, 10);
    if (ec == std::errc::result_out_of_range)
        return fail<std::uint64_t>(error, "integer " + quote(full) + " is too large for 64 bits");
    if (t.empty() || ec != std::errc() || p != t.data() + t.size())
        return fail<std::uint64_t>(error, "expected a non-negative integer, got " + quote(full));
    return v;
}

std::optional<std::uint64_t> parseSeed(std::string_view text, std::string *error)
{
    const auto v = parseUnsigned(text, error);
    // Every report carries the seed as a JSON number, and a JSON integer is
    // signed 64-bit at most (Qt's QJsonValue, and most readers).
    if (v && *v > kMaxSeed)
        return fail<std::uint64_t>(
            error, "a seed is at most " + std::to_string(kMaxSeed) + " (2^63 - 1), got " + quote(trim(text)));
    return v;
}

std::optional<double> parseNumber(std::string_view text, std::string *error)
{
    const std::string_view t = trim(text);
    if (looksNonFinite(t))
        return fail<double>(error, "a number must be finite, got " + quote(t));
    const auto v = parseDouble(t);
    if (!v)
        return fail<double>(error, "expected a number, got " + quote(t));
    return *v == 0 ? 0.0 : *v;
}

std::optional<bool> parseBool(std::string_view text, std::string *error)
{
    const std::string_view t = trim(text);
    for (const char *s : {"true", "yes", "on", "1"})
        if (iequals(t, s))
            return true;
    for (const char *s : {"false", "no", "off", "0"})
        if (iequals(t, s))
            return false;
    return fail<bool>(error, "expected true or false, got " + quote(t));
}

std::string formatDuration(usec_t us)
{
    if (us == 0)
        return "0s";
    std::string sign;
    std::uint64_t v = 0;
    if (us < 0) {
        sign = "-";
        v = static_cast<std::uint64_t>(-(us + 1)) + 1;
    } else {
        v = static_cast<std::uint64_t>(us);
    }
    struct Unit {
        std::uint64_t us;
        const char *name;
    };
    static constexpr std::array<Unit, 5> units {
        {{86400000000ULL, "d"}, {3600000000ULL, "h"}, {60000000ULL, "min"}, {1000000ULL, "s"}, {1000ULL, "ms"}}};
    for (const auto &u : units)
        if (v % u.us == 0)
            return sign + std::to_string(v / u.us) + u.name;
    return sign + std::to_string(v) + "us";
}

std::string formatNumber(double v)
{
    if (v == 0)
        return "0";
    std::array<char, 400> buf {};
    const double a = std::fabs(v);
    const auto fmt = (a >= 1e-4 && a < 1e16) ? std::chars_format::fixed : std::chars_format::general;
    const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v, fmt);
    if (r.ec != std::errc())
        return "0";
    return std::string(buf.data(), r.ptr);
}

std::string formatDurationUs(double us)
{
    return formatNumber(us) + "us";
}
std::string formatPages(pages_t pages)
{
    return std::to_string(pages) + " pages";
}
std::string formatRate(double perSecond)
{
    return formatNumber(perSecond) + "/s";
}
std::string formatBool(bool v)
{
    return v ? "true" : "false";
}

} // namespace wm
