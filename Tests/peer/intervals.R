# The peer of KhaoSat's intervals: R's survey package computes them from the same set and
# responses (Fixtures/design), by the rules docs/uncertainty.md states, and writes
# unit,subcriterion,low,high in points (subcriterion empty: the Content 3 total).
#   Rscript Tests/peer/intervals.R SET_DIR RESPONSES_DIR OUT.csv
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
set_dir <- args[1]; responses_dir <- args[2]; out <- args[3]
read <- function(path) read.csv(path, colClasses = "character", na.strings = character(0), encoding = "UTF-8")
level <- 0.95; assumed_rho <- 0.03

blueprint <- read(file.path(set_dir, "blueprint.csv"))
rosters <- read(file.path(set_dir, "rosters.csv"))
units <- read(file.path(set_dir, "units.csv"))

# Each form: its group, its scored questions by sub-criterion, the score of each choice.
forms <- list()
for (f in list.dirs(file.path(set_dir, "forms"), recursive = FALSE)) {
  survey <- read(file.path(f, "survey.csv")); choices <- read(file.path(f, "choices.csv"))
  settings <- read(file.path(f, "settings.csv"))
  muc <- choices[choices$list_name == "muc", ]
  scores <- setNames(ifelse(muc$score == "", NA, as.numeric(muc$score)), muc$name)
  forms[[settings$respondent_group]] <- list(survey = survey[survey$subcriterion != "", ], scores = scores,
                                             data = read(file.path(responses_dir, paste0(basename(f), ".csv"))))
}

# One row per submission: the unit, the interviewer ("" when none) and per sub-criterion the
# credit (mean of the counted answers' scores; NA when none is counted).
rows_of <- function(group) {
  f <- forms[[group]]; d <- f$data
  out <- data.frame(id = d$submission_id, unit = d$don_vi,
                    dtv = if (is.null(d$ma_dtv)) rep("", nrow(d)) else d$ma_dtv, stringsAsFactors = FALSE)
  for (k in unique(f$survey$subcriterion)) {
    qs <- f$survey$name[f$survey$subcriterion == k]
    s <- sapply(qs, function(q) unname(f$scores[d[[q]]]))
    if (is.null(dim(s))) s <- matrix(s, ncol = length(qs))
    out[[k]] <- ifelse(rowSums(!is.na(s)) == 0, NA, rowMeans(s, na.rm = TRUE))
  }
  out
}
data <- lapply(setNames(names(forms), names(forms)), rows_of)

population <- function(group, unit) {
  index <- units$index[units$code == unit]
  r <- rosters[rosters$group == group, ]
  hit <- r[r$unit_code == unit, ]
  if (nrow(hit) == 0) hit <- r[r$unit_code == "" & r$index == index, ]
  if (nrow(hit) == 0) hit <- r[r$unit_code == "" & r$index == "", ]
  if (nrow(hit) == 0) NA else as.numeric(hit$population[1])
}

value <- function(d, k, threshold) if (is.na(threshold)) d[[k]] else as.numeric(d[[k]] >= threshold)

# ρ̂ by ANOVA, interviewers nested in the index's units (lm's sums of squares).
rho_of <- function(group, index, k, threshold) {
  d <- data[[group]]; d <- d[d$unit %in% units$code[units$index == index] & d$dtv != "" & !is.na(d[[k]]), ]
  if (nrow(d) == 0) return(assumed_rho)
  d$v <- value(d, k, threshold)
  a <- tapply(d$dtv, d$unit, function(x) length(unique(x)))
  if (sum(a - 1) == 0) return(assumed_rho)
  tab <- anova(lm(v ~ factor(unit) / factor(dtv), data = d))
  msb <- tab[2, "Mean Sq"]; msw <- tab[3, "Mean Sq"]; dfb <- tab[2, "Df"]
  m0 <- sum(sapply(split(d, d$unit), function(u) { m <- table(u$dtv); if (length(m) < 2) 0 else nrow(u) - sum(m^2) / nrow(u) })) / dfb
  if (msb + (m0 - 1) * msw <= 0) return(assumed_rho)
  min(1, max(0, (msb - msw) / (msb + (m0 - 1) * msw)))
}

# One group's design for a unit: census, fpc, clusters, pooled or srs.
design_of <- function(d, N) {
  n <- nrow(d); a <- length(unique(d$dtv[d$dtv != ""])) + sum(d$dtv == "")
  kind <- if (!is.na(N) && n >= N) "census" else if (!is.na(N)) "fpc" else if (any(d$dtv != "")) (if (a >= 3) "clusters" else "pooled") else "srs"
  d$psu <- ifelse(d$dtv == "", d$id, d$dtv); d$N <- if (is.na(N)) Inf else N
  des <- switch(kind, fpc = svydesign(ids = ~1, fpc = ~N, data = d), clusters = svydesign(ids = ~psu, weights = ~1, data = d),
                svydesign(ids = ~1, weights = ~1, data = d))
  list(kind = kind, des = des, n = n, a = a)
}

# One group's estimate, variance and degrees of freedom for sub-criterion k.
group_estimate <- function(group, unit, index, k, threshold) {
  d <- data[[group]][data[[group]]$unit == unit, ]
  counted <- !is.na(d[[k]])
  d$v <- ifelse(counted, value(d, k, threshold), 0); d$r <- as.numeric(counted)
  g <- design_of(d, population(group, unit))
  est <- mean(d$v[counted]); rows <- sum(counted)
  if (g$kind == "census") return(list(est = est, var = 0, df = 0, rows = rows, kind = "census"))
  s <- subset(g$des, r == 1)
  m <- svymean(~v, s)
  var <- as.numeric(vcov(m)); df <- degf(s)
  deff <- 1
  if (g$kind == "pooled") {  # the index's design effect; Kish's effective size for the degrees of freedom
    deff <- 1 + rho_of(group, index, k, threshold) * (g$n / g$a - 1)
    var <- var * deff; df <- max(1, rows / deff - 1)
  }
  if (var < 1e-15) {  # answers all alike: the variance of a share (x + 1/2)/(m + 1), with the design's factors
    pt <- (sum(d$v[counted]) + 0.5) / (rows + 1); N <- population(group, unit)
    var <- (if (is.na(N)) 1 else 1 - min(1, g$n / N)) * deff * pt * (1 - pt) / rows
  }
  list(est = est, var = var, df = df, rows = rows, kind = g$kind)
}

# Welch–Satterthwaite over the parts that vary.
satterthwaite <- function(v, df) { keep <- v > 0 & df > 0; if (!any(keep)) 0 else sum(v[keep])^2 / sum(v[keep]^2 / df[keep]) }

# Korn–Graubard as svyciprop(method = "beta"); without variance, the rows counted.
beta_interval <- function(p, var, rows, df) {
  neff <- rows
  if (var > 0 && p > 0 && p < 1) { neff <- p * (1 - p) / var; if (rows > 1 && df > 0) neff <- neff * (qt((1 - level) / 2, rows - 1) / qt((1 - level) / 2, df))^2 }
  c(if (p <= 0) 0 else qbeta((1 - level) / 2, neff * p, neff * (1 - p) + 1),
    if (p >= 1) 1 else qbeta(1 - (1 - level) / 2, neff * p + 1, neff * (1 - p)))
}

results <- data.frame(unit = character(0), subcriterion = character(0), low = numeric(0), high = numeric(0))
for (u in units$code) {
  index <- units$index[units$code == u]
  subs <- blueprint[blueprint$index == index, ]
  total_centre <- 0; total_parts <- list()
  for (i in seq_len(nrow(subs))) {
    k <- subs$subcriterion[i]; M <- as.numeric(subs$max_points[i])
    threshold <- if (subs$method[i] == "share") as.numeric(subs$threshold[i]) else NA
    parts <- strsplit(subs$groups[i], " ")[[1]]
    weights <- setNames(sapply(parts, function(p) if (grepl("=", p)) as.numeric(sub(".*=", "", p)) else 1),
                        sub("=.*", "", parts))
    est <- lapply(names(weights), function(g) group_estimate(g, u, index, k, threshold))
    names(est) <- names(weights)
    w <- weights / sum(weights)
    parts <- w^2 * sapply(est, `[[`, "var")
    p <- sum(w * sapply(est, `[[`, "est")); var <- sum(parts)
    df <- satterthwaite(parts, sapply(est, `[[`, "df")); rows <- sum(sapply(est, `[[`, "rows"))
    if (all(sapply(est, `[[`, "kind") == "census")) { low <- high <- p
    } else if (is.na(threshold) && var > 0 && df > 0) {
      half <- qt(1 - (1 - level) / 2, df) * sqrt(var); low <- max(0, p - half); high <- min(1, p + half)
    } else {
      ends <- beta_interval(p, var, rows, df); low <- ends[1]; high <- ends[2]
    }
    results[nrow(results) + 1, ] <- list(u, k, M * low, M * high)
    total_centre <- total_centre + M * p
    for (g in names(w)) total_parts[[g]] <- rbind(total_parts[[g]], data.frame(k = k, b = M * w[[g]], threshold = threshold))
  }
  # The total: per group, svyratio's covariance of its sub-criterion means, b' V b.
  group_var <- c(); group_df <- c(); all_census <- TRUE
  for (g in names(total_parts)) {
    parts <- total_parts[[g]]
    d <- data[[g]][data[[g]]$unit == u, ]
    for (j in seq_len(nrow(parts))) {
      k <- parts$k[j]; counted <- !is.na(d[[k]])
      d[[paste0("y", j)]] <- ifelse(counted, value(d, k, parts$threshold[j]), 0); d[[paste0("r", j)]] <- as.numeric(counted)
    }
    des <- design_of(d, population(g, u))
    df <- if (des$kind == "clusters") des$a - 1 else des$n - 1
    if (des$kind == "census") next
    all_census <- FALSE
    J <- nrow(parts)
    ratio <- svyratio(as.formula(paste("~", paste0("y", 1:J, collapse = "+"))),
                      as.formula(paste("~", paste0("r", 1:J, collapse = "+"))), des$des, covmat = TRUE)
    keep <- paste0("y", 1:J, "/r", 1:J)
    V <- vcov(ratio)[keep, keep, drop = FALSE]
    if (des$kind == "pooled") {
      rho <- max(sapply(seq_len(J), function(j) rho_of(g, index, parts$k[j], parts$threshold[j])))
      deff <- 1 + rho * (des$n / des$a - 1)
      V <- V * deff; df <- max(1, des$n / deff - 1)
    }
    group_var <- c(group_var, as.numeric(t(parts$b) %*% V %*% parts$b)); group_df <- c(group_df, df)
  }
  total_var <- sum(group_var); total_df <- satterthwaite(group_var, group_df)
  maxp <- sum(as.numeric(subs$max_points))
  if (all_census || total_var == 0) { low <- high <- total_centre } else {
    half <- qt(1 - (1 - level) / 2, total_df) * sqrt(total_var)
    low <- max(0, total_centre - half); high <- min(maxp, total_centre + half)
  }
  results[nrow(results) + 1, ] <- list(u, "", low, high)
}
write.csv(results, out, row.names = FALSE)
