"""The compatibility checker (events/compat.py): only adding an optional field is compatible."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from reviewops.common.events.compat import contract_breaking_changes, schema_breaking_changes


def breaking(old: type[BaseModel], new: type[BaseModel]) -> list[str]:
    return schema_breaking_changes(old.model_json_schema(), new.model_json_schema())


class Item(BaseModel):
    sku: str
    quantity: int = Field(ge=1)


class Order(BaseModel):
    order_id: str
    rating: int = Field(ge=1, le=5)
    note: str | None = None


def test_the_same_model_is_compatible() -> None:
    assert breaking(Order, Order) == []


def test_adding_an_optional_field_is_compatible() -> None:
    class WithChannel(Order):
        channel: str | None = None
        gift: bool = False

    assert breaking(Order, WithChannel) == []


def test_changed_annotations_are_compatible() -> None:
    class Described(BaseModel):
        order_id: str = Field(description="The marketplace's order id", examples=["113-1"], title="Order")
        rating: int = Field(ge=1, le=5, description="Stars")
        note: str | None = Field(default=None, description="Free text")

    assert breaking(Order, Described) == []


def test_removing_a_field_is_breaking() -> None:
    class WithoutNote(BaseModel):
        order_id: str
        rating: int = Field(ge=1, le=5)

    assert breaking(Order, WithoutNote) == ["note: removed (a rename is a removal and an addition)"]


def test_renaming_a_field_is_breaking() -> None:
    class Renamed(BaseModel):
        order_id: str
        stars: int = Field(ge=1, le=5)
        note: str | None = None

    assert breaking(Order, Renamed) == [
        "rating: removed (a rename is a removal and an addition)",
        "stars: added as required (old records lack it); add it as optional",
    ]


def test_retyping_a_field_is_breaking() -> None:
    class TextRating(BaseModel):
        order_id: str
        rating: str
        note: str | None = None

    problems = breaking(Order, TextRating)
    assert "rating: type changed from ['integer'] to ['string']" in problems


def test_adding_a_required_field_is_breaking() -> None:
    class WithMarketplace(Order):
        marketplace: str

    assert breaking(Order, WithMarketplace) == [
        "marketplace: added as required (old records lack it); add it as optional"
    ]


def test_changing_requiredness_is_breaking_both_ways() -> None:
    class NoteRequired(BaseModel):
        order_id: str
        rating: int = Field(ge=1, le=5)
        note: str | None

    class OrderOptional(BaseModel):
        order_id: str = ""
        rating: int = Field(ge=1, le=5)
        note: str | None = None

    assert breaking(Order, NoteRequired) == ["note: became required (old records may lack it)"]
    assert breaking(Order, OrderOptional) == ["order_id: became optional (consumers of the old schema require it)"]


def test_changing_a_constraint_is_breaking() -> None:
    class TenStars(BaseModel):
        order_id: str
        rating: int = Field(ge=1, le=10)
        note: str | None = None

    assert breaking(Order, TenStars) == ["rating: maximum changed from 5 to 10"]


def test_making_a_field_nullable_is_breaking() -> None:
    class NullableOrder(BaseModel):
        order_id: str | None
        rating: int = Field(ge=1, le=5)
        note: str | None = None

    assert breaking(Order, NullableOrder) == [
        "order_id: variant \"null\" added (consumers of the old schema reject it)"
    ]


class Shipment(BaseModel):
    carrier: Literal["ups", "dhl", "fedex"]
    items: list[Item]


class ShipmentV2Items(BaseModel):
    sku: str
    quantity: int = Field(ge=1)
    weight_grams: int | None = None


def test_a_nested_object_through_ref_may_gain_an_optional_field() -> None:
    class ShipmentWithWeights(BaseModel):
        carrier: Literal["ups", "dhl", "fedex"]
        items: list[ShipmentV2Items]

    assert breaking(Shipment, ShipmentWithWeights) == []


def test_a_nested_object_through_ref_may_not_lose_or_retype_a_field() -> None:
    class ItemWithoutQuantity(BaseModel):
        sku: int

    class ShipmentOfSkus(BaseModel):
        carrier: Literal["ups", "dhl", "fedex"]
        items: list[ItemWithoutQuantity]

    assert breaking(Shipment, ShipmentOfSkus) == [
        "items[].sku: type changed from ['string'] to ['integer']",
        "items[].quantity: removed (a rename is a removal and an addition)",
    ]


def test_a_nested_object_may_not_gain_a_required_field() -> None:
    class Parcel(BaseModel):
        sku: str
        quantity: int = Field(ge=1)
        parcel_id: str

    class ShipmentOfParcels(BaseModel):
        carrier: Literal["ups", "dhl", "fedex"]
        items: list[Parcel]

    assert breaking(Shipment, ShipmentOfParcels) == [
        "items[].parcel_id: added as required (old records lack it); add it as optional"
    ]


def test_narrowing_or_widening_an_enum_is_breaking() -> None:
    class FewerCarriers(BaseModel):
        carrier: Literal["ups", "dhl"]
        items: list[Item]

    class MoreCarriers(BaseModel):
        carrier: Literal["ups", "dhl", "fedex", "usps"]
        items: list[Item]

    class AnyCarrier(BaseModel):
        carrier: str
        items: list[Item]

    assert breaking(Shipment, FewerCarriers) == [
        'carrier: enum narrowed, "fedex" removed (old records no longer validate)'
    ]
    assert breaking(Shipment, MoreCarriers) == [
        'carrier: enum widened, "usps" added (consumers of the old schema reject it)'
    ]
    assert breaking(Shipment, AnyCarrier) == [
        "carrier: enum widened to any value (consumers of the old schema reject the new values)"
    ]


def test_changing_an_array_into_something_else_is_breaking() -> None:
    class SingleItem(BaseModel):
        carrier: Literal["ups", "dhl", "fedex"]
        items: Item

    class SkuList(BaseModel):
        carrier: Literal["ups", "dhl", "fedex"]
        items: list[str]

    assert "items: type changed from ['array'] to ['object']" in breaking(Shipment, SingleItem)
    assert "items[]: type changed from ['object'] to ['string']" in breaking(Shipment, SkuList)


def test_map_values_are_compared() -> None:
    class Counts(BaseModel):
        by_cause: dict[str, int]

    class Shares(BaseModel):
        by_cause: dict[str, float]

    assert breaking(Counts, Shares) == ["by_cause.*: type changed from ['integer'] to ['number']"]


class Node(BaseModel):
    name: str
    children: list[Node] = Field(default_factory=list)


def test_recursive_models_are_compared_without_looping() -> None:
    class Tree(BaseModel):
        name: str
        children: list[Tree] = Field(default_factory=list)
        weight: float | None = None

    # Tree's own recursion resolves to Tree, Node's to Node: the pair is compared once.
    assert breaking(Node, Tree) == []


def contract(key: str = "{tenant_id}", events: dict[str, type[BaseModel]] | None = None) -> dict:
    events = {"order.placed": Order} if events is None else events
    return {
        "envelope": Item.model_json_schema(),
        "topics": {"orders.v1": {"key": key, "events": {name: model.model_json_schema()
                                                       for name, model in events.items()}}},
    }


def test_contracts_may_add_topics_and_optional_fields() -> None:
    class OrderWithChannel(Order):
        channel: str | None = None

    newer = contract(events={"order.placed": OrderWithChannel})
    newer["topics"]["orders.v2"] = contract()["topics"]["orders.v1"]
    assert contract_breaking_changes(contract(), newer) == []


def test_contracts_may_not_change_keys_event_types_or_drop_topics() -> None:
    assert contract_breaking_changes(contract(), contract(key="{tenant_id}:{asin}")) == [
        "orders.v1: message key changed from '{tenant_id}' to '{tenant_id}:{asin}'"
    ]
    assert contract_breaking_changes(contract(), contract(events={"order.placed": Order, "order.paid": Order})) == [
        "orders.v1: event type order.paid added (consumers dead-letter unknown event types)"
    ]
    assert contract_breaking_changes(contract(), contract(events={})) == ["orders.v1: event type order.placed removed"]
    assert contract_breaking_changes(contract(), {"envelope": contract()["envelope"], "topics": {}}) == [
        "orders.v1: topic removed (retiring a topic also removes it from the snapshot, by hand)"
    ]
