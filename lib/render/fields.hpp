#pragma once
// A report's JSON made from its model by one mechanism. A model names its members for machines
// in one function beside it,
//
//     void fields(const LoanFigures& loans, render::Fields& out)
//     {
//         out("outstanding", loans.outstanding)("overdue", loans.overdue)("par30", loans.par30);
//     }
//
// and json_value turns any value into JSON by its type: money as złoty, dates and periods as
// ISO text, a number without a value (NaN, infinite) and an empty optional as null, vectors as
// arrays, maps as objects, a message as its machine text, and a model through its own `fields`
// (found by argument-dependent lookup, so it lives in the model's namespace). No report writes
// JSON by hand beside its tables, and a value is written the same way in every report.

#include "core/catalogue.hpp"
#include "core/date.hpp"
#include "core/money.hpp"
#include "render/model.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <concepts>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace toro::render {

class Fields;

template <typename T>
concept HasFields = requires(const T& model, Fields& out)
{
    fields(model, out);
};

template <typename T> nlohmann::ordered_json json_value(const T& value);
template <typename V> nlohmann::ordered_json json_container(const std::optional<V>& value);
template <typename V> nlohmann::ordered_json json_container(const std::vector<V>& values);
template <typename V> nlohmann::ordered_json json_container(const std::map<std::string, V>& values);

// The members of one JSON object, in the order they are named.
class Fields {
public:
    Fields() = default;
    // Members named by a document's own model: a `streamed` list is left to the document
    // (Document::json_lists) instead of written into the object.
    explicit Fields(std::vector<JsonList>* streamed) : m_streamed(streamed) {}

    template <typename V> Fields& operator()(std::string_view key, const V& value)
    {
        m_object[std::string(key)] = json_value(value);
        return *this;
    }

    // The members of another model, in its order, as members of this object (a group's figures
    // beside the group's name).
    template <typename T> Fields& merge(const T& model)
    {
        fields(model, *this);
        return *this;
    }

    // A member that is an object of its own, its members named by `describe(fields)`.
    template <typename Describe> Fields& object(std::string_view key, Describe describe)
    {
        Fields members;
        describe(members);
        m_object[std::string(key)] = members.take();
        return *this;
    }

    // A list of items in a shape of this object's own (an indicator's short form in a list of
    // ventures): `describe(item, fields)` names each element's members.
    template <typename T, typename Describe>
    Fields& each(std::string_view key, const std::vector<T>& items, Describe describe)
    {
        auto array = nlohmann::ordered_json::array();
        for (const T& item : items) {
            Fields element;
            describe(item, element);
            array.push_back(element.take());
        }
        m_object[std::string(key)] = std::move(array);
        return *this;
    }

    // A long list (a row per venture) written one element at a time when the document is
    // written, so that it is never held whole; `items` must outlive the rendering. Outside a
    // document the list is written here at once.
    template <typename T> Fields& streamed(std::string_view key, const std::vector<T>& items)
    {
        if (m_streamed == nullptr) {
            return (*this)(key, items);
        }
        m_object[std::string(key)] = nullptr;  // its place; the elements are written there
        m_streamed->push_back(json_list(std::string(key), items, [](const T& item) { return json_value(item); }));
        return *this;
    }

    nlohmann::ordered_json take() { return std::move(m_object); }

private:
    nlohmann::ordered_json m_object = nlohmann::ordered_json::object();
    std::vector<JsonList>* m_streamed = nullptr;
};

template <typename T> nlohmann::ordered_json json_value(const T& value)
{
    using nlohmann::ordered_json;
    if constexpr (std::is_same_v<T, ordered_json>) {
        return value;
    } else if constexpr (std::is_same_v<T, std::nullptr_t>) {
        return ordered_json();
    } else if constexpr (std::is_floating_point_v<T>) {
        return std::isfinite(value) ? ordered_json(value) : ordered_json();  // as it is written
    } else if constexpr (std::is_same_v<T, bool> || std::is_arithmetic_v<T>) {
        return ordered_json(value);
    } else if constexpr (std::is_convertible_v<T, std::string_view>) {
        return ordered_json(std::string(std::string_view(value)));
    } else if constexpr (std::is_same_v<T, Money>) {
        return ordered_json(value.to_zloty());
    } else if constexpr (std::is_same_v<T, Date> || std::is_same_v<T, Period>) {
        return ordered_json(value.to_string());
    } else if constexpr (std::is_same_v<T, Fraction>) {
        return ordered_json(value.value);
    } else if constexpr (std::is_same_v<T, Message>) {
        return ordered_json(value.machine_text());
    } else if constexpr (HasFields<T>) {
        Fields out;
        fields(value, out);
        return out.take();
    } else {
        return json_container(value);
    }
}

template <typename V> nlohmann::ordered_json json_container(const std::optional<V>& value)
{
    return value ? json_value(*value) : nlohmann::ordered_json();
}

template <typename V> nlohmann::ordered_json json_container(const std::vector<V>& values)
{
    auto array = nlohmann::ordered_json::array();
    for (const auto& value : values) {
        array.push_back(json_value(value));
    }
    return array;
}

template <typename V> nlohmann::ordered_json json_container(const std::map<std::string, V>& values)
{
    auto object = nlohmann::ordered_json::object();
    for (const auto& [key, value] : values) {
        object[key] = json_value(value);
    }
    return object;
}

// A document's JSON from its model: the model's fields, its streamed lists left to the writer.
template <typename T> void set_json(Document& document, const T& model)
{
    Fields out(&document.json_lists);
    fields(model, out);
    document.json = out.take();
}

}  // namespace toro::render
