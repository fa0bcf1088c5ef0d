"""AWS for ECR: the bounded calls, key and host formats, the least-privilege policy and what a
pull needs and why. Imports no other wing (boto3 only inside `calls`)."""
