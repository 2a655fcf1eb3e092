"""check_message against the tactics of the founding articles (shared/seeds), judged by policy.md.

The seed articles recommend or describe tactics that break marketplace policy: diluting a bad
review with bought or arranged good ones, refunding and then asking for the review to go,
paying (refund, gift, free product) for a removed or changed review, asking only happy
customers for reviews, and insert cards that send unhappy customers to the seller instead of
to a review. Each tactic is written here in several phrasings of our own, in English and in
Chinese, as a seller or an agency would send them; every one must be blocked with its rule.

The hard negatives are the compliant side of the same situations: the apology and the fix
(replacement, refund, free product) with no word of the review, which policy allows.
"""

from __future__ import annotations

import pytest

from reviewops.compliance.domain.checks import check_message
from reviewops.compliance.ml.model import shipped_model


def _check(text: str, channel: str, language: str, context: dict | None = None):
    return check_message(text, channel, language, context=context or {"buyer_language": language},
                         second_opinion=shipped_model())


def _rules(result) -> set[str]:
    return {v.rule for v in result.violations}


def _describe(result) -> str:
    return "; ".join(f"{v.rule}: {v.text!r}" for v in result.violations) or "no violations"


# --- 1. buying or arranging good reviews to dilute a bad one -> fake_or_brushing ---------------

BRUSHING = [
    pytest.param(
        "Hi, a one-star review is dragging our listing down. If you order the item again and post a "
        "five-star review, we will reimburse the full price once your review is live.",
        "en", id="brushing-en-reorder-and-reimburse"),
    pytest.param(
        "Dear customer, we are putting together a small reviewer group: you buy the product, write a "
        "positive review, and we pay you back plus a little extra for your time. It would really help us "
        "push an unfair negative review out of sight.",
        "en", id="brushing-en-reviewer-group"),
    pytest.param(
        "Could you ask a few family members or friends to each post a good review on our listing? One bad "
        "review is hurting our sales and a handful of positive ones would balance it out.",
        "en", id="brushing-en-family-and-friends"),
    pytest.param(
        "We are arranging several 5-star reviews from regular customers this week so that the negative one "
        "gets diluted. Would you be willing to write one too? We will send you the product for free.",
        "en", id="brushing-en-arranged-dilution"),
    pytest.param(
        "Do you also sell on Amazon? Let's swap reviews: I leave five stars on your product and you leave "
        "five stars on ours. That way we both bury the bad ones.",
        "en", id="brushing-en-review-swap"),
    pytest.param(
        "Sorry to bother you. We need a few more good reviews to water down a harsh one, and you don't even "
        "have to use the item: just place the order, write something positive, and we refund you.",
        "en", id="brushing-en-no-use-needed"),
    pytest.param(
        "亲，我们的产品最近被留了一个差评，能不能麻烦您再下一单，给我们留个五星好评？货款我们全额返给您，"
        "另外再给您二十元辛苦费。",
        "zh", id="brushing-zh-reorder-and-cashback"),
    pytest.param(
        "您好，我们正在找几位老客户帮忙补几条好评，把最近那条一星差评压下去，所有费用都由我们承担。",
        "zh", id="brushing-zh-old-customers-push-down"),
    pytest.param(
        "能否请您的家人朋友各自帮我们写一条好评？现在有一条差评影响很大，多几条好评就能把它稀释掉。",
        "zh", id="brushing-zh-family-and-friends"),
    pytest.param(
        "您好，请问您也在亚马逊开店吗？我们可以互相换评，我给您的产品留五星，您也给我们留五星。",
        "zh", id="brushing-zh-review-swap"),
    pytest.param(
        "这条差评我们会安排人刷几条高星评价把它顶下去，如果您也愿意来留一条好评，我们就送您一个新款。",
        "zh", id="brushing-zh-arranged-high-star"),
    pytest.param(
        "不好意思打扰您，我们这边需要几条好评来冲淡差评，您不用真的使用产品，直接下单写好评就行，钱我们退给您。",
        "zh", id="brushing-zh-no-use-needed"),
]


# --- 2. refund first, then a request to remove the negative review (seed 001) ------------------

REFUND_THEN_REMOVE = [
    pytest.param(
        "We have just issued a full refund for your order. Since the issue is now resolved, could you please "
        "remove the negative review you left?",
        "en", id="refund-then-remove-en-polite"),
    pytest.param(
        "Your refund has gone through. We would be very grateful if you could take down your one-star review "
        "now that everything is sorted.",
        "en", id="refund-then-remove-en-take-down"),
    pytest.param(
        "As promised, the money is back in your account. Would you mind updating your review to reflect how "
        "we handled this?",
        "en", id="refund-then-remove-en-update-review"),
    pytest.param(
        "Hi, we refunded the full amount yesterday. Please delete the review when you get a chance.",
        "en", id="refund-then-remove-en-direct"),
    pytest.param(
        "We've refunded you in full and you can keep the item. We hope you are happy now, and if so, kindly "
        "consider removing your bad review.",
        "en", id="refund-then-remove-en-keep-item"),
    pytest.param(
        "Refund completed. I'm sure you agree the problem has been solved, so please change your rating.",
        "en", id="refund-then-remove-en-change-rating"),
    pytest.param(
        "您好，您的订单我们已经全额退款了，问题也解决了，麻烦您把那条差评删除一下，谢谢！",
        "zh", id="refund-then-remove-zh-delete"),
    pytest.param(
        "亲，退款已经处理好了，您看能不能帮忙把评价改一下？",
        "zh", id="refund-then-remove-zh-change"),
    pytest.param(
        "我们已经为您办理了部分退款，希望您能满意。如果方便的话，请您移除之前留下的差评。",
        "zh", id="refund-then-remove-zh-partial-refund"),
    pytest.param(
        "退款已经到账，请您登录账户，在评价页面点击删除那条一星评价，非常感谢您的理解。",
        "zh", id="refund-then-remove-zh-steps"),
    pytest.param(
        "款项已经全部退回给您，产品也不用寄回。既然问题已经解决，希望您能把差评修改成好评。",
        "zh", id="refund-then-remove-zh-to-good-review"),
    pytest.param(
        "退款已完成。麻烦您抽空更新一下评论，谢谢配合。",
        "zh", id="refund-then-remove-zh-update"),
]


# --- 3. refund, gift or free product in exchange for removing or changing a review -------------

PAID_REMOVAL = [
    pytest.param(
        "If you remove your one-star review, we will refund the full price of your order.",
        "en", id="paid-removal-en-refund-if-removed"),
    pytest.param(
        "We would like to send you a free gift as a thank-you once you have changed your review to five stars.",
        "en", id="paid-removal-en-gift-after-change"),
    pytest.param(
        "Please delete the negative review and we will send you a brand-new unit free of charge.",
        "en", id="paid-removal-en-free-unit"),
    pytest.param(
        "Would you consider updating your review? In return we can offer you a 50% refund.",
        "en", id="paid-removal-en-half-refund"),
    pytest.param(
        "We are happy to give you a $30 gift card if you could take down the review you posted.",
        "en", id="paid-removal-en-gift-card"),
    pytest.param(
        "Once the review has been edited, we will ship you a free replacement and you can keep the original too.",
        "en", id="paid-removal-en-free-replacement-after-edit"),
    pytest.param(
        "只要您删除差评，我们马上给您全额退款。",
        "zh", id="paid-removal-zh-refund-if-deleted"),
    pytest.param(
        "亲，您把评价改成五星，我们就免费再送您一个新的。",
        "zh", id="paid-removal-zh-free-product"),
    pytest.param(
        "如果您愿意修改评价，我们可以给您返现三十美元。",
        "zh", id="paid-removal-zh-cashback"),
    pytest.param(
        "麻烦您把差评删掉，我们会给您寄一份小礼品表示感谢。",
        "zh", id="paid-removal-zh-gift"),
    pytest.param(
        "您移除评论之后，我们会退还一半货款，产品您留着用就好。",
        "zh", id="paid-removal-zh-half-refund"),
    pytest.param(
        "评价修改好以后请截图发给我们，我们就给您办理退款，并赠送一套配件。",
        "zh", id="paid-removal-zh-screenshot-then-refund"),
]


# --- 4. asking only satisfied customers for reviews -> selective_solicitation ------------------

SELECTIVE = [
    pytest.param(
        "If you are happy with your purchase, please leave us a review.",
        "en", id="selective-en-if-happy"),
    pytest.param(
        "Enjoying your new kettle? We'd love a 5-star review!",
        "en", id="selective-en-five-star"),
    pytest.param(
        "Only if you are completely satisfied, would you share a positive review on Amazon?",
        "en", id="selective-en-only-if-satisfied"),
    pytest.param(
        "We hope you love it! It is our satisfied customers that we ask to leave a review, so if that's you, "
        "we'd be thrilled to hear from you there.",
        "en", id="selective-en-satisfied-customers"),
    pytest.param(
        "If our product met your expectations, a five-star rating would mean the world to us.",
        "en", id="selective-en-met-expectations"),
    pytest.param(
        "Please leave a positive review if everything arrived in perfect condition.",
        "en", id="selective-en-positive-if-perfect"),
    pytest.param(
        "如果您对产品满意，请给我们留个好评。",
        "zh", id="selective-zh-if-satisfied"),
    pytest.param(
        "亲，用得开心的话麻烦给个五星好评哦！",
        "zh", id="selective-zh-five-star"),
    pytest.param(
        "只有在您完全满意的情况下，才请您在亚马逊上分享评价。",
        "zh", id="selective-zh-only-if-fully-satisfied"),
    pytest.param(
        "如果产品达到了您的预期，希望您能给我们五星评价。",
        "zh", id="selective-zh-met-expectations"),
    pytest.param(
        "感谢您的购买！满意的话请留下好评，这对我们非常重要。",
        "zh", id="selective-zh-thanks-then-good-review"),
    pytest.param(
        "如果您喜欢这款产品，欢迎留下正面评价。",
        "zh", id="selective-zh-if-you-like-it"),
]


# --- 5. insert cards steering unhappy customers to the seller -> divert_negative ---------------

DIVERT_CARDS = [
    pytest.param(
        "Not satisfied? Please don't leave a review. Contact us through your Amazon orders page and we will "
        "make it right.",
        "en", id="divert-en-dont-review"),
    pytest.param(
        "Having a problem? Reach out to our support team before writing a review. Happy? We'd love to hear it "
        "on Amazon!",
        "en", id="divert-en-support-before-review"),
    pytest.param(
        "If anything is wrong with your order, message us first instead of leaving negative feedback.",
        "en", id="divert-en-instead-of-negative"),
    pytest.param(
        "Love it? Leave a review. Don't love it? Talk to us instead.",
        "en", id="divert-en-love-it-or-talk"),
    pytest.param(
        "Before you post a review about any issue, give us a chance to fix it: just contact us via Amazon "
        "messages.",
        "en", id="divert-en-chance-before-review"),
    pytest.param(
        "Unhappy with your purchase? Skip the review and let our customer care team sort it out for you.",
        "en", id="divert-en-skip-the-review"),
    pytest.param(
        "如有任何不满意，请不要直接留差评，先通过亚马逊订单页面联系我们，我们一定为您解决。",
        "zh", id="divert-zh-dont-leave-bad-review"),
    pytest.param(
        "遇到问题？请先联系客服，而不是留差评。满意的话，欢迎在亚马逊上留下评价！",
        "zh", id="divert-zh-support-not-bad-review"),
    pytest.param(
        "产品有问题请先找我们，不要急着写评论。",
        "zh", id="divert-zh-dont-rush-review"),
    pytest.param(
        "喜欢就留个评价，不满意请直接联系我们。",
        "zh", id="divert-zh-like-or-contact"),
    pytest.param(
        "在发表负面评价之前，请给我们一次解决问题的机会，通过亚马逊消息联系我们即可。",
        "zh", id="divert-zh-chance-before-negative"),
    pytest.param(
        "使用中如有不满，无需留评，我们的售后团队会为您处理好一切。",
        "zh", id="divert-zh-no-need-to-review"),
]


def _assert_blocked(text: str, channel: str, language: str, rule: str) -> None:
    result = _check(text, channel, language)
    assert not result.allowed, f"expected {rule}, got {_describe(result)}"
    assert rule in _rules(result), f"expected {rule}, got {_describe(result)}"


@pytest.mark.parametrize(("text", "language"), BRUSHING)
def test_diluting_a_bad_review_with_arranged_good_ones_is_fake_or_brushing(text, language):
    _assert_blocked(text, "buyer_message", language, "fake_or_brushing")


@pytest.mark.parametrize(("text", "language"), REFUND_THEN_REMOVE)
def test_a_refund_followed_by_a_removal_request_is_request_change_or_remove(text, language):
    _assert_blocked(text, "buyer_message", language, "request_change_or_remove")


@pytest.mark.parametrize(("text", "language"), PAID_REMOVAL)
def test_a_benefit_in_exchange_for_removing_or_changing_a_review_is_incentive_for_review(text, language):
    _assert_blocked(text, "buyer_message", language, "incentive_for_review")


@pytest.mark.parametrize(("text", "language"), SELECTIVE)
def test_asking_only_satisfied_customers_for_a_review_is_selective_solicitation(text, language):
    _assert_blocked(text, "buyer_message", language, "selective_solicitation")


@pytest.mark.parametrize(("text", "language"), DIVERT_CARDS)
def test_an_insert_card_steering_unhappy_customers_away_from_reviewing_is_divert_negative(text, language):
    _assert_blocked(text, "insert_card", language, "divert_negative")


def test_every_tactic_has_five_phrasings_per_language():
    for params in (BRUSHING, REFUND_THEN_REMOVE, PAID_REMOVAL, SELECTIVE, DIVERT_CARDS):
        languages = [p.values[1] for p in params]
        assert languages.count("en") >= 5 and languages.count("zh") >= 5
        assert len({p.values[0] for p in params}) == len(params)


# --- hard negatives: the fix offered with no word of the review is allowed ---------------------

HARD_NEGATIVES = [
    # Seed 001's case, paraphrased: apology, fault admitted, replacement within the service period,
    # order number for a full refund, the product kept for free, a better-configured set offered.
    pytest.param(
        "尊敬的顾客，您好！非常抱歉给您带来了困扰，这次是我们的产品和服务出现了失误，责任在我们。"
        "只要在服务期内，您随时可以为产品更换新品。请您提供一下订单号，我们将为您全额退款，"
        "这件产品也免费送给您，不需要寄回。如果您对这款产品仍不满意，我们还可以给您寄一套配置更好的产品。",
        "zh", id="hard-negative-zh-seed-001-case"),
    pytest.param(
        "Dear customer, we are truly sorry for the trouble. It was a fault in our product and in our service, "
        "and we take responsibility for it. At any time within the service period we will replace the unit "
        "with a new one. Please send us your order number and we will give you a full refund; you are welcome "
        "to keep the product free of charge, no need to return it. If this model still does not suit you, we "
        "can also send you a set with a better configuration.",
        "en", id="hard-negative-en-seed-001-case"),
    pytest.param(
        "很抱歉您收到的搅拌机杯体有裂痕。我们已经为这笔订单办理了全额退款，商品无需退回。",
        "zh", id="hard-negative-zh-refund-as-fix"),
    pytest.param(
        "We are sorry the blender arrived with a cracked jar. We have issued a full refund for this order, and "
        "there is no need to return the item.",
        "en", id="hard-negative-en-refund-as-fix"),
    pytest.param(
        "非常抱歉充电器出现了故障。我们已经为您寄出一个新的替换品，预计三天内送达。",
        "zh", id="hard-negative-zh-replacement-and-apology"),
    pytest.param(
        "We apologise for the faulty charger. A replacement is already on its way to you and should arrive "
        "within three days.",
        "en", id="hard-negative-en-replacement-and-apology"),
    pytest.param(
        "感谢您告诉我们盖子容易松动的问题。我们已经改进了铰链设计，之后发出的产品都会使用更牢固的新部件。",
        "zh", id="hard-negative-zh-thanks-and-fix-explained"),
    pytest.param(
        "Thank you for telling us about the loose lid. We have redesigned the hinge, and every unit we ship "
        "from now on comes with the stronger part.",
        "en", id="hard-negative-en-thanks-and-fix-explained"),
]


@pytest.mark.parametrize(("text", "language"), HARD_NEGATIVES)
def test_the_fix_offered_without_a_word_of_the_review_is_allowed(text, language):
    result = _check(text, "buyer_message", language,
                    context={"buyer_language": language, "review_kind": "product_review"})
    assert result.allowed is True, _describe(result)
    assert result.violations == [], _describe(result)
