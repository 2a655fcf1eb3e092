"""What the classifier's and compliance's models share at run time (the sentence encoder, character
n-gram features, artifacts) and in training (`training_support`: data loading, digests, cards).

Nothing here imports scikit-learn: the running services score with numpy alone, and only the
training code beside each model fits with scikit-learn.
"""
